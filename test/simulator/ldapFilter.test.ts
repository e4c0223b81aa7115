/** RFC 4515 filters and DN scoping used by the simulated LDAP directory. */
import { attributeLookup, isUnderBase, LdapDirectory } from '../../simulator/src/ldap/directory';
import { LdapFilterError, matchesLdapFilter, parseLdapFilter } from '../../simulator/src/ldap/filter';
import { applyTemplate } from '../../simulator/src/ldap/mapping';

const ann = {
  dn: 'CN=Ann Lee,OU=Users,DC=example,DC=com',
  attributes: { objectClass: ['top', 'person', 'user'], cn: 'Ann Lee', sAMAccountName: 'ALee', mail: 'ann.lee@example.com', employeeNumber: '120', memberOf: ['cn=sales,ou=groups', 'cn=all,ou=groups'] },
};

function matches(filter: string, entry = ann): boolean {
  return matchesLdapFilter(parseLdapFilter(filter), attributeLookup(entry));
}

describe('LDAP filters (RFC 4515)', () => {
  it.each([
    ['(objectClass=person)', true],
    ['(objectclass=PERSON)', true],
    ['(objectClass=group)', false],
    ['(mail=*)', true],
    ['(telephoneNumber=*)', false],
    ['(mail=ann*)', true],
    ['(mail=*@example.com)', true],
    ['(mail=*lee*example*)', true],
    ['(mail=*@other.com)', false],
    ['(cn=A*e*e)', true],
    ['(cn=A*x*)', false],
    ['(&(objectClass=person)(mail=*))', true],
    ['(&(objectClass=person)(department=*))', false],
    ['(|(department=Sales)(cn=Ann Lee))', true],
    ['(|(department=Sales)(cn=Bob))', false],
    ['(!(cn=Bob))', true],
    ['(&(objectClass=user)(!(memberOf=cn=sales,ou=groups)))', false],
    ['(memberOf=cn=all,ou=groups)', true],
    ['(employeeNumber>=100)', true],
    ['(employeeNumber<=99)', false],
    ['(cn~=ann lee)', true],
    ['(cn=Ann\\20Lee)', true],
    ['cn=Ann Lee', true],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each(['(cn=Ann', '(&)', '((cn=a))', '(=x)', '(cn=a))', '(cn:dn:=x)'])('rejects %s', (filter) => {
    expect(() => parseLdapFilter(filter)).toThrow(LdapFilterError);
  });

  it('treats objectClass presence as true for every entry', () => {
    expect(matches('(objectClass=*)', { dn: 'cn=x', attributes: {} } as unknown as typeof ann)).toBe(true);
  });
});

describe('DN scope and templates', () => {
  it('selects the base and everything below it, comparing DNs loosely', () => {
    expect(isUnderBase('cn=Ann Lee,ou=Users,dc=example,dc=com', 'OU=users, DC=Example, DC=com')).toBe(true);
    expect(isUnderBase('ou=Users,dc=example,dc=com', 'ou=Users,dc=example,dc=com')).toBe(true);
    expect(isUnderBase('cn=x,ou=Other,dc=example,dc=com', 'ou=Users,dc=example,dc=com')).toBe(false);
    expect(isUnderBase('dc=com', 'dc=example,dc=com')).toBe(false);
    expect(isUnderBase('cn=Lee\\, Ann,ou=Users,dc=example,dc=com', 'ou=Users,dc=example,dc=com')).toBe(true);
  });

  it('searches per server address and filter', () => {
    const dir = new LdapDirectory([
      ann,
      { dn: 'cn=Bob,ou=Users,dc=example,dc=com', attributes: { cn: 'Bob', objectClass: 'person' }, server: 'dc2.example.com' },
    ]);
    expect(dir.search('dc1.example.com', 'dc=example,dc=com', '(objectClass=person)').map((e) => e.attributes.cn)).toEqual(['Ann Lee']);
    expect(dir.search('dc2.example.com', 'dc=example,dc=com', '(objectClass=person)').map((e) => e.attributes.cn)).toEqual(['Ann Lee', 'Bob']);
    expect(() => dir.set([{ dn: '', attributes: {} }])).toThrow(/dn/);
  });

  it('replaces $attr$ with the first value, case-insensitively, and missing attributes with nothing', () => {
    const values = attributeLookup(ann);
    expect(applyTemplate('$sAMAccountName$@example.com', values)).toBe('ALee@example.com');
    expect(applyTemplate("$CN$'s space", values)).toBe("Ann Lee's space");
    expect(applyTemplate('$memberOf$', values)).toBe('cn=sales,ou=groups');
    expect(applyTemplate('$telephoneNumber$', values)).toBe('');
    expect(applyTemplate('costs $5', values)).toBe('costs $5');
  });
});
