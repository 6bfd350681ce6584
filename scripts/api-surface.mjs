// The public surface of each package: every name its `src/index.ts` exports, types included.
// `api-surface.test.ts` pins the lists, so a name joins or leaves a package's surface only on
// purpose. Read through the TypeScript checker, so re-exports of any shape are followed.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The packages whose index is their public surface, by folder. */
export const PACKAGE_INDEXES = {
  protocol: 'protocol/src/index.ts',
  native: 'native/src/index.ts',
  server: 'server/src/index.ts',
  'client-sdk': 'client-sdk/src/index.ts',
};

const repoDir = fileURLToPath(new URL('..', import.meta.url));

/** `export type { A }` or `export { type A }`: a type-only name, whatever `A` is. */
function isTypeOnlyExport(symbol) {
  return (symbol.declarations ?? []).some(
    (declaration) =>
      ts.isExportSpecifier(declaration) &&
      (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly),
  );
}

/**
 * Every name each package's index exports, sorted: a value (function, class, constant) as its
 * name, a type-only export as `type Name`.
 */
export function packageSurfaces() {
  const files = Object.values(PACKAGE_INDEXES).map((path) => `${repoDir}${path}`);
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const surfaces = {};
  for (const [name, path] of Object.entries(PACKAGE_INDEXES)) {
    const source = program.getSourceFile(`${repoDir}${path}`);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`${path} is not a module`);
    surfaces[name] = checker
      .getExportsOfModule(moduleSymbol)
      .map((symbol) => {
        const target =
          symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const isValue = target.flags & ts.SymbolFlags.Value && !isTypeOnlyExport(symbol);
        return isValue ? symbol.name : `type ${symbol.name}`;
      })
      .sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''), 'en'));
  }
  return surfaces;
}

// `node scripts/api-surface.mjs` prints the lists, to paste into api-surface.test.ts.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(packageSurfaces(), null, 2));
}
