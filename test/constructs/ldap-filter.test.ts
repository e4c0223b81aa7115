/** The LDAP filter and DN helpers behind the overlap rule and the automatic space partitions. */
import { andFilters, dnContains, isWellFormedFilter, mayOverlap, normalizeDn, notFilter } from '../../constructs/src/ldap-filter';

describe('ldap-filter', () => {
  it('composes filters', () => {
    expect(andFilters([undefined, ''])).toBeUndefined();
    expect(andFilters(['cn=a'])).toBe('(cn=a)');
    expect(andFilters(['(cn=a)', 'sn=b'])).toBe('(&(cn=a)(sn=b))');
    expect(notFilter('cn=a')).toBe('(!(cn=a))');
  });

  it.each([
    [undefined, undefined, true],
    ['(cn=a)', undefined, true],
    ['(department=Sales)', '(department=Marketing)', false],
    ['(department=Sales)', '(Department=sales)', true],
    ['(memberOf=cn=a)', '(memberOf=cn=b)', true],
    ['(&(objectClass=person)(department=Sales))', '(&(objectClass=person)(!(department=Sales)))', false],
    ['(|(department=Sales)(department=HR))', '(department=Marketing)', true],
    ['(department=Sa*)', '(department=Marketing)', true],
    ['not a filter((', '(department=Marketing)', true],
  ])('mayOverlap(%s, %s) = %s', (a, b, expected) => {
    expect(mayOverlap(a, b)).toBe(expected);
    expect(mayOverlap(b, a)).toBe(expected);
  });

  it('parses nested filters', () => {
    expect(isWellFormedFilter('(&(objectClass=person)(|(a=1)(b=2))(!(c=3)))')).toBe(true);
    expect(isWellFormedFilter('(&(a=1)')).toBe(false);
  });

  it('compares DNs by RDN, case and spaces aside', () => {
    const people = normalizeDn('ou=People, DC=example,dc=com');
    expect(people).toEqual(['ou=people', 'dc=example', 'dc=com']);
    expect(dnContains(people, normalizeDn('ou=sales,ou=people,dc=example,dc=com'))).toBe(true);
    expect(dnContains(people, people)).toBe(true);
    expect(dnContains(normalizeDn('ou=sales,ou=people,dc=example,dc=com'), people)).toBe(false);
    expect(dnContains(people, normalizeDn('ou=xpeople,dc=example,dc=com'))).toBe(false);
    expect(normalizeDn('cn=Smith\\, John,dc=x')).toEqual(['cn=smith\\, john', 'dc=x']);
  });
});
