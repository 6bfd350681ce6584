// The virtual NHI card (虛擬健保卡) on the registration page: a field a QR scanner types into.
// The scanner "types" the code and presses Enter; the page sends it with `submitQr` and clears
// the field at once, since the code is personal data. The field shows only while the broker
// serves a virtual-card reader (driver `vhc`).
(() => {
  /**
   * Wires `form` (holding `input`) to `client.submitQr`. `onRefused(error)` shows a refusal
   * (expired, reused, …: the error carries the SDK's zh-TW message); `onAccepted(reader)` is
   * called when the SDK accepted the code (card.inserted for that reader follows). `panel` is
   * shown while a virtual-card reader is attached.
   */
  function attachQrInput({ client, panel, form, input, onRefused, onAccepted }) {
    const readers = new Map();
    function showPanel() {
      panel.hidden = ![...readers.values()].some((reader) => reader.driver === 'vhc');
    }
    client.states().subscribe((state) => {
      if (state.status !== 'open') return;
      client.listReaders().then((list) => {
        readers.clear();
        for (const reader of list) readers.set(reader.id, reader);
        showPanel();
      }, onRefused);
    });
    client.on('reader.attached', (event) => {
      readers.set(event.data.reader.id, event.data.reader);
      showPanel();
    });
    client.on('reader.detached', (event) => {
      readers.delete(event.data.reader.id);
      showPanel();
    });
    form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      const qr = input.value.trim();
      input.value = '';
      if (qr === '') return;
      form.classList.add('busy');
      client
        .submitQr(qr)
        .then(({ reader }) => onAccepted(reader), onRefused)
        .finally(() => {
          form.classList.remove('busy');
          input.focus();
        });
    });
  }

  window.NhiCardExamples = Object.assign(window.NhiCardExamples || {}, { attachQrInput });
})();
