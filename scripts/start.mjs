// `pnpm start`: runs the broker on the simulator. Until the server package lands (issue 6) it
// says what is coming instead of failing silently.
console.log(
  'nhicard: the broker is not built yet. `pnpm start` will run `nhicard serve` on the simulator ' +
    'with the demo page at http://127.0.0.1:7766/ once @nhicard/server lands.',
);
