/**
 * The entry of the `<script>` builds: everything the package exports at runtime, which
 * esbuild exposes as `window.NhiCard`.
 */
export { CLIENT_CLOSE_CODES, createClient, NhiCardError } from './index.js';
