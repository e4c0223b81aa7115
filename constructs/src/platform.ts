/**
 * Meeting Server platforms and their call capacity per node (deployment-rules.md "Call capacity":
 * H.264, 2.5 Mbps 720p5 content, G.711 audio). Used to warn when a participant or load limit is
 * set above what the platform can carry.
 */

/** Capacity of one node. */
export interface PlatformCapacity {
  /** Name shown in messages. */
  readonly name: string;
  /** 1080p30 calls. */
  readonly fullHdCalls: number;
  /** 720p30 calls. */
  readonly hdCalls: number;
  /** SD calls. */
  readonly sdCalls: number;
  /** Audio calls: the most participants the node can hold. */
  readonly audioCalls: number;
  /**
   * Audio calls when the Call Bridge is in a Call Bridge group.
   * @default the same as audioCalls
   */
  readonly groupAudioCalls?: number;
  /**
   * Load limit (load units) of the node in a Call Bridge group.
   * @default no load limit check
   */
  readonly groupLoadLimit?: number;
}

export class Platform {
  /** Meeting Server Small M7. */
  public static readonly SMALL_M7 = new Platform({ name: 'Meeting Server Small M7', fullHdCalls: 120, hdCalls: 240, sdCalls: 480, audioCalls: 3000, groupLoadLimit: 240_000 });
  /** Meeting Server 2000 M6. */
  public static readonly MS2000_M6 = new Platform({ name: 'Meeting Server 2000 M6', fullHdCalls: 648, hdCalls: 1296, sdCalls: 1875, audioCalls: 3200, groupAudioCalls: 1875, groupLoadLimit: 1_296_000 });
  /** Meeting Server Medium M8. */
  public static readonly MEDIUM_M8 = new Platform({ name: 'Meeting Server Medium M8', fullHdCalls: 225, hdCalls: 450, sdCalls: 850, audioCalls: 3000, groupLoadLimit: 450_000 });

  /** A platform the table does not list, such as a virtual machine sized by its vCPUs. */
  public static custom(capacity: PlatformCapacity): Platform {
    return new Platform(capacity);
  }

  private constructor(public readonly capacity: PlatformCapacity) {}

  public get name(): string {
    return this.capacity.name;
  }
}
