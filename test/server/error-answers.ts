// Error responses the broker sends, written out in full once for the tests that expect them to
// the letter, hints included (so a test fails when a code loses its hint or takes another's).

/** An error response as it arrives: request id, code, message, retryable flag and hints. */
interface ErrorAnswer {
  type: 'response';
  id: number | null;
  ok: false;
  error: { code: string; message: string; retryable: boolean; hint: string; hintZh: string };
}

/** The answer to request `id` (null: not readable) that was refused with BAD_REQUEST `message`. */
export function badRequestAnswer(id: number | null, message: string): ErrorAnswer {
  return {
    type: 'response',
    id,
    ok: false,
    error: {
      code: 'BAD_REQUEST',
      message,
      retryable: false,
      hint: 'Fix the request as the message says; sending it again unchanged fails the same way',
      hintZh: '請依訊息修正請求內容；原樣重送仍會失敗',
    },
  };
}

/** The answer to a `card.read` (request `id`) on a connection that holds `presence` only. */
export function readForbiddenAnswer(id: number): ErrorAnswer {
  return {
    type: 'response',
    id,
    ok: false,
    error: {
      code: 'FORBIDDEN',
      message: 'card.read needs the read scope; this connection holds presence.',
      retryable: false,
      hint: 'This connection lacks the scope for it; ask for the read scope when connecting',
      hintZh: '此連線沒有讀取卡片資料的權限，請向資訊人員申請讀取權限',
    },
  };
}
