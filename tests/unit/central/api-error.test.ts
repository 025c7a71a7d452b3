import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SubmissionRequest } from '../../../contract/central-api.ts';
import { CentralError } from '../../../central/errors.ts';
import { describeIssues, toApiError } from '../../../central/http/api-error.ts';

describe('ApiError answers', () => {
  it('maps each service failure kind to its status', () => {
    const cases = [
      ['invalid', 400],
      ['unauthenticated', 401],
      ['forbidden', 403],
      ['not-found', 404],
      ['conflict', 409],
      ['unavailable', 503],
    ] as const;
    for (const [kind, status] of cases) {
      expect(toApiError(new CentralError(kind, 'some-code', 'why'))).toEqual({
        status,
        body: { error: 'some-code', message: 'why' },
      });
    }
  });

  it('replaces framework and parser messages, which may quote the body, by fixed texts', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token in JSON at "阳秀梅"'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(toApiError(parse)).toEqual({
      status: 400,
      body: { error: 'invalid-json', message: 'request body is not valid JSON' },
    });
    const bare = Object.assign(new SyntaxError('Unexpected token 阳'), { statusCode: 400 });
    expect(JSON.stringify(toApiError(bare))).not.toContain('阳');
    const big = Object.assign(new Error('too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toApiError(big).body.error).toBe('payload-too-large');
  });

  it('hides anything unexpected, such as a database error quoting a value, behind a 500', () => {
    const db = Object.assign(new Error('invalid input syntax for type integer: "阳秀梅"'), {
      code: '22P02',
    });
    expect(toApiError(db)).toEqual({
      status: 500,
      body: { error: 'internal', message: 'internal error' },
    });
  });

  it('describes validation failures by path, never by value', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\u4e00-\u9fa5]{12,30}$/), (secret) => {
        const result = SubmissionRequest.safeParse({
          idempotencyKey: secret,
          trackingCode: secret,
          applicant: { name: secret, idNumber: `${secret}${'x'.repeat(40)}`, birthDate: secret },
          form: { phone: secret.repeat(200) },
        });
        expect(result.success).toBe(false);
        const text = describeIssues(result.error!.issues);
        expect(text).toContain('invalid request: ');
        expect(text).not.toContain(secret);
      }),
    );
  });
});
