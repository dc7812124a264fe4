import { exceptionCovers, globToRegExp, matchException } from '../src';

const ex = {
  control: 'NPLZ-NET-01',
  reason: 'r'.repeat(40),
  approvedBy: 'a@b.uk',
  expires: '2027-01-31',
  scope: { cloud: 'aws' as const, environment: 'prod', resource: 'LocalAssets/Website*' },
};

describe('exceptions', () => {
  test('glob patterns match literally except for *', () => {
    expect(globToRegExp('a.b*').test('a.bcd')).toBe(true);
    expect(globToRegExp('a.b*').test('axbcd')).toBe(false);
  });

  test('cover only their control, cloud, environment and resource', () => {
    const at = {
      control: 'NPLZ-NET-01',
      cloud: 'aws' as const,
      environment: 'prod',
      resource: 'Force-dorset-prod/LocalAssets/WebsiteBucket/Resource',
    };
    expect(exceptionCovers(ex, at)).toBe(true);
    expect(exceptionCovers(ex, { ...at, control: 'NPLZ-NET-02' })).toBe(false);
    expect(exceptionCovers(ex, { ...at, cloud: 'azure' })).toBe(false);
    expect(exceptionCovers(ex, { ...at, environment: 'nonprod' })).toBe(false);
    expect(exceptionCovers(ex, { ...at, resource: 'Force-dorset-prod/Archive/Resource' })).toBe(false);
  });

  test('report days left and expiry', () => {
    const at = { control: 'NPLZ-NET-01', cloud: 'aws' as const, environment: 'prod', resource: 'X/LocalAssets/Website/Resource' };
    expect(matchException({ exceptions: [ex] }, at, new Date('2027-01-21T10:00:00Z'))).toMatchObject({ daysLeft: 10, expired: false });
    expect(matchException({ exceptions: [ex] }, at, new Date('2027-02-02T00:00:00Z'))).toMatchObject({ daysLeft: -2, expired: true });
    expect(matchException({ exceptions: [] }, at)).toBeUndefined();
  });
});
