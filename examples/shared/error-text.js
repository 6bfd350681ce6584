// What the examples say about a failure, in zh-TW for the person at the counter and in English
// for whoever fixes it. A driver's failure carries the catalog's zh-TW text (`native.message`)
// and, on the wire, its zh-TW hint (`hintZh`); those win. The table below covers failures that
// have no native code (a reader timeout, a missing scope, a lost connection).
(() => {
  const BY_CODE = {
    NO_READER: ['找不到讀卡機', '請確認讀卡機已接上電腦並已開啟'],
    READER_ERROR: ['讀卡機發生錯誤', '請重新插拔讀卡機，或請資訊人員重新啟動讀卡服務'],
    NO_CARD: ['未插入健保卡', '請插入健保卡'],
    CARD_REMOVED: ['讀取中卡片被取出', '請重新插入健保卡，讀取完成前請勿拔卡'],
    NOT_AN_NHI_CARD: ['這不是健保卡', '請取出此卡，改插健保 IC 卡'],
    PIN_REQUIRED: ['需要健保卡密碼', '請病患在讀卡機上輸入健保卡密碼後再讀一次'],
    HPC_REQUIRED: ['需要醫事人員卡', '請在讀卡機第二槽插入醫事人員卡並驗證密碼'],
    SAM_ERROR: ['安全模組 (SAM) 認證失敗', '請確認 SAM 卡已插好，且電腦可連線健保署'],
    NETWORK_ERROR: ['無法連線健保署', '請檢查網路連線後再試'],
    CARD_ERROR: ['健保卡讀取失敗', '請擦拭晶片後重新插卡；仍失敗請洽健保署換卡'],
    UNSUPPORTED: ['此讀卡方式無法讀取這項資料', '需使用健保署讀卡控制軟體 (csHIS) 與 SAM'],
    BUSY: ['讀卡機忙碌中', '請稍候幾秒再試'],
    TIMEOUT: ['讀卡機逾時未回應', '請重新插卡；若一再發生，請重新啟動讀卡機'],
    RATE_LIMITED: ['操作過於頻繁', '請稍候再試'],
    FORBIDDEN: ['此頁面沒有讀取這項資料的權限', '請資訊人員在讀卡服務設定中允許此網址'],
    UNAUTHORIZED: ['未獲授權連線讀卡服務', '請資訊人員確認權杖設定'],
    DISCONNECTED: ['與讀卡服務的連線中斷', '連線恢復後請再試一次'],
    INTERNAL: ['讀卡服務發生內部錯誤', '請再試一次；若持續發生請洽資訊人員'],
    BAD_REQUEST: ['讀卡要求格式錯誤', '請洽資訊人員'],
    UNKNOWN_OP: ['讀卡服務不支援此操作', '請更新讀卡服務'],
    ABORTED: ['已取消讀取', ''],
  };

  /**
   * The texts to show for an error: an `NhiCardError` of the SDK or an error object from an
   * event or a failed section (`{code, message, native?, hint?, hintZh?}`).
   */
  function describeError(error) {
    const code = error?.code || 'INTERNAL';
    const [zhByCode, hintByCode] = BY_CODE[code] || BY_CODE.INTERNAL;
    const native = error?.native;
    return {
      code,
      zh: native?.message || error?.messageZh || zhByCode,
      zhHint: error?.hintZh || hintByCode,
      en: error?.message || code,
      enHint: error?.hint || '',
      nativeCode: native ? `${native.source} ${native.code}` : '',
    };
  }

  /**
   * Fills `box` (an element with `.zh`, `.zh-hint`, `.en` children) with an error's texts; the
   * English message is also the box's tooltip.
   */
  function showError(box, error) {
    const text = describeError(error);
    box.querySelector('.zh').textContent = text.zh;
    box.querySelector('.zh-hint').textContent = text.zhHint;
    const english = [text.en, text.enHint, text.nativeCode && `(${text.nativeCode})`]
      .filter(Boolean)
      .join(' · ');
    box.querySelector('.en').textContent = english;
    box.title = english;
    box.dataset.code = text.code;
    box.hidden = false;
    return text;
  }

  /**
   * Whether the SDK's `<script>` loaded; if it did not, says so across the top of the page
   * (the broker serves it from the client package's build, which a fresh checkout lacks).
   */
  function sdkLoaded() {
    if (window.NhiCard) return true;
    const banner = document.createElement('p');
    banner.setAttribute('role', 'alert');
    banner.className = 'sdk-missing';
    banner.textContent =
      '找不到讀卡 SDK（/sdk/nhicard-client.iife.js）· The client SDK bundle is missing: ' +
      'run pnpm --filter @nhicard/client build, then reload.';
    document.body.prepend(banner);
    return false;
  }

  window.NhiCardExamples = Object.assign(window.NhiCardExamples || {}, {
    describeError,
    showError,
    sdkLoaded,
  });
})();
