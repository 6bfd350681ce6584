#!/usr/bin/env bash
# CI step: pack @nhicard/protocol, native, client and server (their prepack builds them), install
# the four tarballs into an empty folder with npm only, run `npx nhicard serve` there and check
# /healthz, /examples/, /sdk/nhicard-client.iife.js, the installed client and SIGTERM to npx.
# Needs: pnpm install done (tsc and esbuild), npm, network access to the npm registry.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node scripts/pack/pack-install-check.mjs
