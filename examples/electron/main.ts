// The main process: the only part with Node. It owns the collector and answers window.fph.
import { join } from 'node:path';
import { fphWebPreferences, registerFph } from '@fph-kit/electron';
import { app, BrowserWindow, ipcMain, screen } from 'electron';

async function start(): Promise<void> {
  await app.whenReady();
  const fph = registerFph({
    // DESKTOP_APP_DIRECT: the app calls HMRC itself. Through your own server, use
    // DESKTOP_APP_VIA_SERVER and window.fph.payload() (and leave productName and licenseKeys to
    // the server).
    connectionMethod: 'DESKTOP_APP_DIRECT',
    ipcMain,
    screen,
    BrowserWindow,
    app, // the device ID is kept in app.getPath('userData')
    productName: 'Acme Tax',
    versions: { 'acme-tax-desktop': app.getVersion() },
    // The user's licence key (hashed before it is sent); without one the header is left out.
    ...(process.env.ACME_LICENCE_KEY
      ? { licenseKeys: { 'acme-tax-desktop': process.env.ACME_LICENCE_KEY } }
      : {}),
    onWarning: (warning) => console.warn(`fph ${warning.code}: ${warning.message}`),
  });
  await fph.collector.ready();

  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    // contextIsolation on, nodeIntegration off, sandboxed; the preload is bundled to one file.
    webPreferences: fphWebPreferences(join(__dirname, 'preload.cjs')),
  });
  await window.loadFile(join(__dirname, '..', 'renderer', 'index.html'));
  app.on('window-all-closed', () => {
    fph.dispose();
    app.quit();
  });
}

start().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
