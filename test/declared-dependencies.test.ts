import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every package a workspace imports at run time is one of its declared dependencies: a
 * JupyterLab extension that leans on a package another one happens to install breaks when
 * that one changes (type-only imports are left out: they vanish at build time).
 */
const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Packages imported for their values (not `import type`), by bare name ('@scope/pkg', 'pkg'). */
export function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.importClause?.namedBindings;
      const onlyTypes = !node.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((s) => !s.startsWith('.') && !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)));
}

describe('declared dependencies', () => {
  for (const workspace of ['protocol', 'kernel', 'server', 'labextension']) {
    it(`${workspace} imports at run time only what its package.json declares`, () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, workspace, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const declared = new Set(Object.keys(pkg.dependencies ?? {}));
      const missing = sources(join(ROOT, workspace, 'src')).flatMap((file) =>
        runtimeImports(file)
          .filter((name) => !declared.has(name))
          .map((name) => `${file.slice(ROOT.length + 1)}: ${name}`)
      );
      expect(missing).toEqual([]);
    });
  }

  it('sees value imports, dynamic imports and re-exports, and skips type-only ones', () => {
    const file = join(ROOT, 'labextension', 'src', 'viewer', 'slice-viewer.ts');
    expect(runtimeImports(file)).toContain('@lumino/widgets');
    expect(runtimeImports(file)).not.toContain('@jupyterlab/rendermime-interfaces');
    expect(runtimeImports(join(ROOT, 'labextension', 'src', 'viewer', 'niivue-view.ts'))).toContain('@niivue/niivue');
  });
});
