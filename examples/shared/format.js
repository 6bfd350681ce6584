// Dates and times as a Taiwanese clinic writes them: ROC years (民國) with three digits, the
// 24-hour clock, Taiwan time whatever the browser's zone.
(() => {
  const TAIPEI = 'Asia/Taipei';
  const pad = (value, width) => String(value).padStart(width, '0');

  /** `1985-03-14` → `074/03/14` (ROC year = AD year − 1911); '' for a missing date. */
  function rocDate(isoDate) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate || '');
    if (!match) return '';
    return `${pad(Number(match[1]) - 1911, 3)}/${match[2]}/${match[3]}`;
  }

  /** `2025-11-03T10:12:40+08:00` → `114/11/03 10:12`. */
  function rocDateTime(isoDateTime) {
    const date = rocDate(isoDateTime);
    const time = /T(\d{2}:\d{2})/.exec(isoDateTime || '');
    return time ? `${date} ${time[1]}` : date;
  }

  const clockFormat = new Intl.DateTimeFormat('zh-TW', {
    timeZone: TAIPEI,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TAIPEI });

  /** `10:32:05`, Taiwan time. */
  function clock(date) {
    return clockFormat.format(date instanceof Date ? date : new Date(date));
  }

  /** `2026-03-14`, the day in Taiwan (for "today" counters). */
  function dayOf(date) {
    return dayFormat.format(date instanceof Date ? date : new Date(date));
  }

  /** Whether an ISO date lies before today in Taiwan. */
  function isPast(isoDate) {
    return Boolean(isoDate) && isoDate < dayOf(new Date());
  }

  window.NhiCardExamples = Object.assign(window.NhiCardExamples || {}, {
    rocDate,
    rocDateTime,
    clock,
    dayOf,
    isPast,
  });
})();
