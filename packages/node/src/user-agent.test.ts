import { describe, expect, it } from 'vitest';
import { readUserAgent } from './user-agent.js';

const dell = { manufacturer: 'Dell Inc.', model: 'OptiPlex 980' };

describe('readUserAgent', () => {
  it('Windows: the edition from the caption as os-version (as in the spec example)', () => {
    const ua = readUserAgent(
      'win32',
      {
        platform: 'Windows',
        distro: 'Microsoft Windows Server 2012 R2 Standard',
        release: '6.3.9600',
        kernel: '6.3.9600',
      },
      dell,
    );
    expect(ua.info).toEqual({
      osFamily: 'Windows',
      osVersion: 'Server 2012 R2 Standard',
      deviceManufacturer: 'Dell Inc.',
      deviceModel: 'OptiPlex 980',
    });
  });

  it("Windows without a caption: the release; Linux without a distribution: the kernel; si's 'unknown' is no value", () => {
    const win = readUserAgent(
      'win32',
      { platform: 'Windows', distro: 'unknown', release: '10.0.22631', kernel: '10.0.22631' },
      dell,
    );
    expect(win.info.osVersion).toBe('10.0.22631');
    const linux = readUserAgent(
      'linux',
      { platform: 'linux', distro: 'unknown', release: 'unknown', kernel: '6.8.0-45-generic' },
      dell,
    );
    expect(linux.info.osVersion).toBe('6.8.0-45-generic');
    expect(linux.fields.osVersion.source).toContain('no distribution reported');
  });

  it('an OS family for every platform, the platform name itself when unlisted', () => {
    const os = { platform: 'x', distro: 'X', release: '1', kernel: '1' };
    expect(readUserAgent('freebsd', os, dell).info.osFamily).toBe('FreeBSD');
    expect(readUserAgent('haiku', os, dell).info.osFamily).toBe('haiku');
  });

  it("keeps Hyper-V's real 'Virtual Machine' model but not systeminformation's 'Virtual machine' stand-in", () => {
    const os = { platform: 'linux', distro: 'Ubuntu', release: '24.04', kernel: '6.8' };
    const hyperV = readUserAgent('linux', os, {
      manufacturer: 'Microsoft Corporation',
      model: 'Virtual Machine',
    });
    expect(hyperV.info.deviceModel).toBe('Virtual Machine');
    const stand = readUserAgent('linux', os, { manufacturer: 'QEMU', model: 'Virtual machine' });
    expect(stand.info.deviceModel).toBe('');
    expect(stand.fields.deviceModel.missing).toBe(true);
  });

  it('when systeminformation fails, says so for each field it would have given', () => {
    const ua = readUserAgent('linux', undefined, undefined, {
      os: 'spawn cat ENOENT',
      system: 'timeout',
    });
    expect(ua.info).toEqual({
      osFamily: 'Linux',
      osVersion: '',
      deviceManufacturer: '',
      deviceModel: '',
    });
    expect(ua.fields.osVersion.source).toContain('spawn cat ENOENT');
    expect(ua.fields.deviceModel.source).toContain('timeout');
  });
});
