// The "more" panel of the registration page: visits, critical illnesses and allergies read
// on demand (they need the HPC), each table filled or showing why its section failed.
(() => {
  const { describeError, showError, rocDate, rocDateTime } = window.NhiCardExamples;
  const { VISIT_KIND } = window.NhiCardExamples.registrationLabels;
  const $ = (id) => document.getElementById(id);

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null || text === '' ? '—' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  /** Replaces a table's rows; `rows` are arrays of [text, className?] cells. */
  function fillTable(id, rows, emptyText, columns) {
    const body = $(id).querySelector('tbody');
    body.textContent = '';
    if (rows.length === 0) {
      const row = body.insertRow();
      const td = cell(row, emptyText, 'empty');
      td.colSpan = columns;
      return;
    }
    for (const cells of rows) {
      const row = body.insertRow();
      for (const [text, className] of cells) cell(row, text, className);
    }
  }

  function showSectionError(id, error, columns) {
    const body = $(id).querySelector('tbody');
    body.textContent = '';
    const text = describeError(error);
    const td = cell(body.insertRow(), `${text.zh}：${text.zhHint}`, 'section-error');
    td.colSpan = columns;
    td.title = text.en;
    const english = document.createElement('small');
    english.textContent = text.en;
    td.appendChild(english);
  }

  function renderVisits(treatments) {
    const visits = treatments.visits
      .slice()
      .sort((a, b) => (b.visitDateTime || '').localeCompare(a.visitDateTime || ''));
    const rows = visits.map((visit) => [
      [rocDateTime(visit.visitDateTime), 'mono'],
      [VISIT_KIND[visit.visitKind] || visit.visitType],
      [visit.visitSeq, 'mono'],
      [visit.hospitalId, 'mono'],
      [visit.outpatientFee ?? visit.inpatientFee, 'num'],
      [visit.outpatientCopay ?? visit.inpatientCopayShort, 'num'],
    ]);
    fillTable('visits-table', rows, '卡上沒有就醫紀錄 No visits on the card', 6);
  }

  function renderIllnesses(section) {
    const rows = section.criticalIllnesses.map((illness) => [
      [illness.code == null ? '（需醫事人員卡）' : illness.code, 'mono'],
      [rocDate(illness.startDate), 'mono'],
      [illness.endDate ? rocDate(illness.endDate) : '無期限 No end', 'mono'],
    ]);
    fillTable('illness-table', rows, '無重大傷病 None', 3);
  }

  function renderAllergies(section) {
    const rows = section.records.map((record) => [[record.allergy]]);
    // An empty list is not "no allergies": the card holds only what was written to it.
    fillTable('allergy-table', rows, '卡上無紀錄（不代表無過敏）None recorded', 1);
  }

  const MORE = [
    ['treatments', 'visits-table', 6, renderVisits],
    ['criticalIllness', 'illness-table', 3, renderIllnesses],
    ['allergies', 'allergy-table', 1, renderAllergies],
  ];

  /**
   * Wires the "Read records" button: it reads the sections of `MORE` from the reader
   * `readerOf()` names; `enabled()` says whether the button may be pressed again afterwards.
   */
  function attachMorePanel({ client, readerOf, enabled }) {
    $('read-more').addEventListener('click', () => {
      const button = $('read-more');
      button.disabled = true;
      $('more-error').hidden = true;
      client
        .readCard({ reader: readerOf(), sections: MORE.map(([section]) => section) })
        .then((read) => {
          for (const [section, table, columns, render] of MORE) {
            if (read.sections[section]) render(read.sections[section]);
            else showSectionError(table, read.errors?.[section], columns);
          }
          $('more-tables').hidden = false;
        })
        .catch((error) => {
          showError($('more-error'), error);
        })
        .finally(() => {
          button.disabled = !enabled();
        });
    });
  }

  window.NhiCardExamples = Object.assign(window.NhiCardExamples || {}, { attachMorePanel });
})();
