import { Menu, Tray, nativeImage } from 'electron';

export function createTray(iconPath: string, actions: { show: () => void; quit: () => void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.setToolTip('Voice Assistant');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Voice Assistant', click: actions.show },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  return tray;
}
