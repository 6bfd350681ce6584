// The registration form's card fields: filled from whatever sections the broker has decoded so
// far (basic first, insurance as soon as it follows), with the sections still coming shown as
// such, and cleared when the clerk decides.
(() => {
  const { rocDate, isPast } = window.NhiCardExamples;
  const { INSURED_STATUS } = window.NhiCardExamples.registrationLabels;
  const $ = (id) => document.getElementById(id);

  const CARD_FIELDS = [
    'name',
    'id-number',
    'birth-roc',
    'birth-ad',
    'card-number',
    'insurance-status',
    'card-expiry',
  ];
  /** The fields the insurance section fills: shown as still coming while it is read. */
  const INSURANCE_FIELDS = ['insurance-status', 'card-expiry'];
  const COMING = '讀取中… Reading';

  function setField(id, value, tone) {
    const input = $(id);
    input.value = value == null ? '' : String(value);
    input.placeholder = '';
    input.classList.remove('filled', 'warn', 'bad', 'pending');
    if (input.value !== '') input.classList.add(tone || 'filled');
  }

  function showComing(id) {
    const input = $(id);
    input.value = '';
    input.placeholder = COMING;
    input.classList.remove('filled', 'warn', 'bad');
    input.classList.add('pending');
  }

  function insuranceStatusOf(basic, insurance) {
    if (insurance?.cancelled || basic?.cancelled) {
      return ['卡片已註銷', 'bad'];
    }
    if (!insurance) return ['', undefined];
    return [INSURED_STATUS[insurance.insuredStatus] || '一般', undefined];
  }

  function fillInsurance(basic, insurance) {
    const [status, statusTone] = insuranceStatusOf(basic, insurance);
    setField('insurance-status', status, statusTone);
    const expiry = insurance ? insurance.cardExpiryDate : null;
    setField('card-expiry', expiry, expiry && isPast(expiry) ? 'bad' : undefined);
    $('card-expiry-note').textContent = insurance
      ? [
          expiry ? `民國 ${rocDate(expiry)}` : '',
          expiry && isPast(expiry) ? '已逾期 Expired' : '',
          insurance.visitsLeft == null ? '' : `可用次數 ${insurance.visitsLeft} 次`,
        ]
          .filter(Boolean)
          .join(' · ')
      : '';
  }

  /**
   * The form of the page. `fill(sections, pending)` fills what the sections hold (basic, and
   * insurance when it was read) and marks the fields of `pending` sections as still coming;
   * `clear()` empties it; `holdsCard` says whether it shows a card's data.
   */
  function createRegistrationForm() {
    const form = {
      holdsCard: false,
      fill(sections, pending = []) {
        const basic = sections.basic;
        if (!basic) return;
        setField('name', basic.name);
        setField('id-number', basic.idNumber);
        setField('birth-roc', rocDate(basic.birthDate));
        setField('birth-ad', basic.birthDate);
        for (const radio of document.querySelectorAll('input[name="sex"]')) {
          radio.checked = radio.value === basic.sex;
        }
        setField('card-number', basic.cardNumber);
        if (sections.insurance || !pending.includes('insurance')) {
          fillInsurance(basic, sections.insurance);
        } else {
          for (const id of INSURANCE_FIELDS) showComing(id);
          $('card-expiry-note').textContent = '健保資料讀取中 · Insurance data is still coming';
        }
        form.holdsCard = true;
        $('removed-banner').hidden = true;
      },
      clear() {
        for (const id of CARD_FIELDS) setField(id, '');
        for (const radio of document.querySelectorAll('input[name="sex"]')) radio.checked = false;
        $('card-expiry-note').textContent = '';
        $('error-box').hidden = true;
        $('removed-banner').hidden = true;
        $('more-tables').hidden = true;
        $('more-error').hidden = true;
        $('form-note').textContent = '';
        form.holdsCard = false;
      },
    };
    return form;
  }

  window.NhiCardExamples = Object.assign(window.NhiCardExamples || {}, {
    createRegistrationForm,
  });
})();
