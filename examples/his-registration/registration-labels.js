// The words the registration page shows for the card's coded values: insured status and the
// visit kinds of the treatment records, as a clinic's counter says them.
(() => {
  const INSURED_STATUS = {
    'low-income': '低收入戶',
    veteran: '榮民',
    'primary-care': '基層醫療',
    'lower-middle-income': '中低收入戶',
    'disaster-victim': '災民',
  };
  const VISIT_KIND = {
    'western-outpatient': '西醫門診',
    dental: '牙醫門診',
    'chinese-medicine': '中醫門診',
    emergency: '急診',
    inpatient: '住院',
    referral: '轉診就醫',
    'post-surgery-follow-up': '門診手術後回診',
    'post-discharge-follow-up': '出院後回診',
    'course-within-six': '療程（六次內）',
    'course-beyond-six': '療程（逾六次）',
    'preventive-care': '預防保健',
    'occupational-outpatient': '職業傷病門急診',
    'chronic-refill': '慢性病連續處方領藥',
    'pharmacy-dispensing': '藥局調劑',
    'scheduled-examination': '排程檢查',
    'home-care': '居家照護',
    'same-day-same-doctor': '同日同醫師再次就醫',
    'admission-from-outpatient': '門急診後住院',
    discharge: '出院',
    'during-stay': '急診或住院中執行',
    'emergency-leave': '急診次日後離院',
    'occupational-inpatient': '職業傷病住院',
    'interim-settlement': '住院分段結算',
    'not-counted': '不計就醫次數',
    'referral-out': '門診轉出',
    'post-surgery-follow-up-7-days': '門診手術後七日內回診',
    'post-discharge-follow-up-7-days': '出院後七日內回診',
    'cancel-all': '取消全部就醫類別',
    'cancel-some': '取消部分就醫類別',
  };
  window.NhiCardExamples = Object.assign(window.NhiCardExamples || {}, {
    registrationLabels: { INSURED_STATUS, VISIT_KIND },
  });
})();
