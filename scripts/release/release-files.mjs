// The small text files of the Windows release. Their Windows paths must match RELEASE_LAYOUT in
// server/src/cli/autostart.ts (a test compares them).

/** `nhicard.cmd`: runs the `nhicard` command with the release's x64 Node. */
export const NHICARD_CMD = [
  '@echo off',
  'rem nhicard with the Node.js of this folder: nhicard.cmd serve | doctor | install | uninstall',
  '"%~dp0node\\node.exe" "%~dp0app\\node_modules\\@nhicard\\server\\bin\\nhicard.js" %*',
  '',
].join('\r\n');

/** The release's config for a release unzipped to `folder` (what `install` writes there). */
export function defaultReleaseConfig(folder) {
  return {
    driver: 'auto',
    tls: { port: 7768 },
    cshis: {
      nodePath: `${folder}\\cshis-host\\node.exe`,
      koffiPath: `${folder}\\cshis-host\\koffi`,
    },
  };
}

/** `README.txt`: the steps for the IT person. */
export function README_TEXT(version, nodeVersion) {
  return `nhicard ${version} for Windows (x64 broker, 32-bit csHIS host)

nhicard is a local WebSocket broker for the NHI health card (健保 IC 卡): web HIS pages on this
PC connect to ws://127.0.0.1:7766/v1 and get card events and decoded card data.

Set up, once per Windows user (no administrator rights needed):
  1. Install the NHI control software (健保署讀卡機控制軟體) as usual: it puts csHIS.dll in
     C:\\NHI\\BIN\\ and the SAM files in C:\\NHI\\SAM\\.
  2. Unzip this folder to C:\\nhicard (any folder works; install writes the paths it finds).
  3. In a Command Prompt:  C:\\nhicard\\nhicard.cmd install
     It writes %APPDATA%\\nhicard\\nhicard.config.json, registers the start at logon (the
     value "nhicard" under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run), adds
     nhicard's local CA to your own certificate store (Windows asks: answer Yes; it lets
     https pages reach wss://localhost:7768) and runs nhicard doctor, which must end with
     "no problems found" once the reader is plugged in.
  4. Add the HIS page's origin to that config, for example
       "origins": { "https://his.example-clinic.tw": ["read"] }
  5. Log off and on (or run C:\\nhicard\\nhicard.cmd serve --config
     "%APPDATA%\\nhicard\\nhicard.config.json"), then open http://127.0.0.1:7766/healthz.

Remove: C:\\nhicard\\nhicard.cmd uninstall, then delete C:\\nhicard.

Inside: node\\node.exe (Node.js ${nodeVersion} x64, runs the broker), cshis-host\\node.exe
(Node.js ${nodeVersion} 32-bit, loads the 32-bit csHIS.dll), cshis-host\\koffi (koffi's
32-bit binary), app\\ (the broker and its npm dependencies). Full guide: docs/deploy-windows.md
in the nhicard repository.
`;
}
