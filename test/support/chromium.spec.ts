import { describe, expect, it } from '@jest/globals';
import { planChromium, type ChromiumSituation } from './chromium';

describe("global setup's Chromium plan", () => {
  const missing: ChromiumSituation = { exists: false, custom: false, isRoot: true, hasAptGet: true };

  it('uses a Chromium that is there, whoever runs the tests', () => {
    expect(planChromium({ ...missing, exists: true })).toBe('use');
    expect(planChromium({ exists: true, custom: true, isRoot: false, hasAptGet: false })).toBe('use');
  });

  it("installs Debian's package when it is missing and root has apt-get", () => {
    expect(planChromium(missing)).toBe('install');
  });

  it('only reports what to install when it may not: not root, no apt-get, or a COUNCIL_CHROMIUM of its own', () => {
    expect(planChromium({ ...missing, isRoot: false })).toBe('report-missing');
    expect(planChromium({ ...missing, hasAptGet: false })).toBe('report-missing');
    expect(planChromium({ ...missing, custom: true })).toBe('report-missing');
  });
});
