import { describe, expect, it } from 'vitest';
import { printable } from '../../src/shared/printable.js';
import { connectFailure } from '../../src/temporal/connection.js';

describe('printable', () => {
  it('escapes C0, DEL, C1 and Unicode line/bidi controls; keeps newlines and tabs only when asked', () => {
    expect(printable('a\u001b[2Jb\rc\u0000\u007f\u0085\u2028\u202e')).toBe(
      'a\\x1b[2Jb\\rc\\x00\\x7f\\x85\\u2028\\u202e',
    );
    expect(printable('line\n\tnext')).toBe('line\\n\\tnext');
    expect(printable('line\n\tnext', { keepLines: true })).toBe('line\n\tnext');
    expect(printable('plain: é ✓')).toBe('plain: é ✓');
  });
});

describe('connectFailure', () => {
  it('turns the Temporal core’s Rust debug text into the OS or resolver message', () => {
    expect(
      connectFailure(
        new Error(
          'tonic::transport::Error(Transport, ConnectError(ConnectError("dns error", Custom { kind: Uncategorized, error: "failed to lookup address information: Name or service not known" })))',
        ),
      ),
    ).toBe('host name not found: failed to lookup address information: Name or service not known');
    expect(
      connectFailure(
        new Error(
          'tonic::transport::Error(Transport, ConnectError(ConnectError("tcp connect error", 127.0.0.1:1, Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })))',
        ),
      ),
    ).toBe('connection refused');
    expect(connectFailure(new Error('Failed to connect before the deadline'))).toBe(
      'no answer within 5 s (is a Temporal frontend listening there?)',
    );
    expect(connectFailure(new Error('tonic::transport::Error(Transport, hyper::Error(Io))'))).toBe(
      'transport error (nothing reachable speaks Temporal there)',
    );
    expect(connectFailure(new Error('14 UNAVAILABLE: something readable'))).toBe(
      '14 UNAVAILABLE: something readable',
    );
  });
});
