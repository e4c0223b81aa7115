/**
 * SFTP to a node's MMP root (cms-api.md §3: certificates, keys, bundles and the licence are
 * uploaded with SFTP and then named by bare file name). One flat directory: `/name` and `name`
 * are the same file; directories cannot be made. An upload becomes the file when it is closed.
 */
import type { SFTPWrapper } from 'ssh2';
import { utils } from 'ssh2';
import { isMmpFileName } from './files';

/** What SFTP reads and writes: the node's file store, and the log of what was done. */
export interface SftpHost {
  list(): string[];
  read(name: string): Buffer | undefined;
  write(name: string, content: Buffer): void;
  remove(name: string): boolean;
  /** `put`, `get` or `rm` and the file: joins the request log (never the content). */
  record(operation: 'put' | 'get' | 'rm' | 'rename', name: string): void;
}

const { OPEN_MODE, STATUS_CODE } = utils.sftp;
const FILE_MODE = 0o100644;
const DIR_MODE = 0o040755;

type Handle = { kind: 'file'; name: string; content: Buffer; writing: boolean; dirty: boolean } | { kind: 'dir'; done: boolean };

/** `/cms.crt`, `./cms.crt`, `cms.crt` → `cms.crt`; `/` and `.` → ''; anything deeper → undefined. */
function fileName(path: string): string | undefined {
  const name = path.replace(/^\.?\/+/, '').replace(/^\.$/, '');
  if (name === '') return '';
  return isMmpFileName(name) ? name : undefined;
}

function attrs(size: number, mode: number) {
  const now = Math.floor(Date.now() / 1000);
  return { mode, uid: 0, gid: 0, size, atime: now, mtime: now };
}

function longname(name: string, size: number): string {
  return `-rw-r--r--    1 admin    admin    ${String(size).padStart(8)} Jan  1 00:00 ${name}`;
}

export function serveSftp(sftp: SFTPWrapper, host: SftpHost): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const open = (handle: Handle): Buffer => {
    const id = nextHandle++;
    handles.set(id, handle);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id);
    return buffer;
  };
  const lookup = (buffer: Buffer): Handle | undefined => (buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined);
  const release = (buffer: Buffer) => handles.delete(buffer.readUInt32BE(0));

  sftp.on('REALPATH', (reqid, path) => {
    const name = fileName(path);
    const full = name ? `/${name}` : '/';
    sftp.name(reqid, [{ filename: full, longname: full, attrs: attrs(0, name ? FILE_MODE : DIR_MODE) }]);
  });

  const stat = (reqid: number, path: string) => {
    const name = fileName(path);
    if (name === '') return sftp.attrs(reqid, attrs(0, DIR_MODE));
    const content = name ? host.read(name) : undefined;
    if (!content) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    return sftp.attrs(reqid, attrs(content.length, FILE_MODE));
  };
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);

  sftp.on('OPEN', (reqid, path, flags) => {
    const name = fileName(path);
    if (!name) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'only files in the MMP root can be opened');
    const existing = host.read(name);
    const writing = (flags & OPEN_MODE.WRITE) !== 0;
    if (!existing && !(flags & OPEN_MODE.CREAT)) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    if (existing && flags & OPEN_MODE.EXCL) return sftp.status(reqid, STATUS_CODE.FAILURE, 'file exists');
    const content = !existing || flags & OPEN_MODE.TRUNC ? Buffer.alloc(0) : existing;
    return sftp.handle(reqid, open({ kind: 'file', name, content, writing, dirty: writing && (!existing || (flags & OPEN_MODE.TRUNC) !== 0) }));
  });

  sftp.on('READ', (reqid, handle, offset, length) => {
    const h = lookup(handle);
    if (!h || h.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    if (offset >= h.content.length) return sftp.status(reqid, STATUS_CODE.EOF);
    return sftp.data(reqid, h.content.subarray(offset, Math.min(h.content.length, offset + length)));
  });

  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const h = lookup(handle);
    if (!h || h.kind !== 'file' || !h.writing) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    const end = offset + data.length;
    if (end > h.content.length) h.content = Buffer.concat([h.content, Buffer.alloc(end - h.content.length)]);
    data.copy(h.content, offset);
    h.dirty = true;
    return sftp.status(reqid, STATUS_CODE.OK);
  });

  sftp.on('FSTAT', (reqid, handle) => {
    const h = lookup(handle);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    return sftp.attrs(reqid, h.kind === 'file' ? attrs(h.content.length, FILE_MODE) : attrs(0, DIR_MODE));
  });
  sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
  sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));

  sftp.on('CLOSE', (reqid, handle) => {
    const h = lookup(handle);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    release(handle);
    if (h.kind === 'file') {
      if (h.writing && h.dirty) {
        host.write(h.name, h.content);
        host.record('put', h.name);
      } else if (!h.writing) {
        host.record('get', h.name);
      }
    }
    return sftp.status(reqid, STATUS_CODE.OK);
  });

  sftp.on('OPENDIR', (reqid, path) => {
    if (fileName(path) !== '') return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    return sftp.handle(reqid, open({ kind: 'dir', done: false }));
  });
  sftp.on('READDIR', (reqid, handle) => {
    const h = lookup(handle);
    if (!h || h.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    if (h.done) return sftp.status(reqid, STATUS_CODE.EOF);
    h.done = true;
    return sftp.name(
      reqid,
      host.list().map((name) => {
        const size = host.read(name)?.length ?? 0;
        return { filename: name, longname: longname(name, size), attrs: attrs(size, FILE_MODE) };
      }),
    );
  });

  sftp.on('REMOVE', (reqid, path) => {
    const name = fileName(path);
    if (!name || !host.remove(name)) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    host.record('rm', name);
    return sftp.status(reqid, STATUS_CODE.OK);
  });
  sftp.on('RENAME', (reqid, from, to) => {
    const a = fileName(from);
    const b = fileName(to);
    const content = a ? host.read(a) : undefined;
    if (!a || !b || !content) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    host.write(b, content);
    host.remove(a);
    host.record('rename', `${a} ${b}`);
    return sftp.status(reqid, STATUS_CODE.OK);
  });
  for (const event of ['MKDIR', 'RMDIR', 'READLINK', 'SYMLINK'] as const) {
    sftp.on(event, (reqid: number) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, 'the MMP root holds files only'));
  }
}
