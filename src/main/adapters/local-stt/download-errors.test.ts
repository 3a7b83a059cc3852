import { describe, expect, it } from 'vitest';
import { fileError } from './download-errors.ts';

// The disk filling up mid-download cannot be staged without a link to /dev/full, and the
// downloader refuses links: what it says on ENOSPC is checked here, on the error the write gives.

describe('fileError', () => {
  it('says the disk is full, how much is needed and how much is free, on ENOSPC', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const error = fileError(enospc, 'Test model', '/data/speech-models/test-model', 3 * 1024 * 1024, 512 * 1024);
    expect(error.code).toBe('storage_error');
    expect(error.message).toBe('The disk is full: Test model needs 4 MB more in /data/speech-models/test-model (1 MB free). Free some space and press Download again; what was downloaded is kept.');
  });
});
