import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../core/errors.ts';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/**
 * One ONNX session per model file per process, shared by every stream that runs it (sessions are
 * thread-safe). `what` names the model in errors ("Silero VAD model"). Fails with AppError
 * 'unavailable' when the file is missing or cannot be loaded; a failed load is tried again next time.
 */
export function loadOnnxSession(path: string, what: string): Promise<ort.InferenceSession> {
  let session = sessions.get(path);
  if (!session) {
    session = (async () => {
      if (!existsSync(path)) throw new AppError('unavailable', `${what} not found at ${path}`);
      try {
        // One thread: small models on 32-80 ms frames gain nothing from a pool and the host is
        // shared. The bytes, not the path: onnxruntime's native code opens paths itself and cannot
        // read inside a packaged app's asar archive, where Electron's fs can.
        return await ort.InferenceSession.create(new Uint8Array(readFileSync(path)), {
          intraOpNumThreads: 1,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
        });
      } catch (error) {
        throw new AppError('unavailable', `${what} at ${path} could not be loaded: ${(error as Error).message}`, { cause: error });
      }
    })();
    session.catch(() => sessions.delete(path));
    sessions.set(path, session);
  }
  return session;
}
