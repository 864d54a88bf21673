// A decode thread's entry point. Worker threads do not inherit the TypeScript loader that bin/weekwise.js
// registers in the main thread, so it is registered here before the task is loaded.
import { register } from 'tsx/esm/api';

register();
const { decodeInThread } = await import('./fit-decode-task.ts');

export default decodeInThread;
