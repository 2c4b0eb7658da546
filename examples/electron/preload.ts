// The preload: exposes window.fph (headers() and payload()) and nothing else.
import { exposeFph } from '@fph-kit/electron/preload';
import { contextBridge, ipcRenderer } from 'electron';

exposeFph({ contextBridge, ipcRenderer });
