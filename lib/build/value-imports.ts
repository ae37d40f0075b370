// Build tooling (scripts/finish-build.mjs): which values a module imports from a package, so the
// production server's copy of that package can be pruned to them. Pure; no file system.
import path from "node:path";
import ts from "typescript";

/**
 * Names of the values `text` imports or re-exports from `pkg` (`import { A, type B }` gives A;
 * `import type` gives nothing). Throws, naming the line, on the forms that would defeat pruning:
 * a namespace or default import, `export *`, or a dynamic `import(pkg)`.
 */
export function valueImports(file: string, text: string, pkg: string): Set<string> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  const where = (node: ts.Node) =>
    `${path.basename(file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const fromPkg = (spec: ts.Expression | undefined) =>
    spec !== undefined && ts.isStringLiteral(spec) && spec.text === pkg;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      fromPkg(node.arguments[0])
    )
      throw new Error(`${where(node)}: a dynamic import of ${pkg} cannot be pruned`);
    if (ts.isImportDeclaration(node) && fromPkg(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause && !clause.isTypeOnly) {
        if (clause.name) throw new Error(`${where(node)}: a default import of ${pkg}`);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings))
          throw new Error(`${where(node)}: \`import * as\` from ${pkg} cannot be pruned`);
        for (const el of bindings?.elements ?? [])
          if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
      }
    }
    if (ts.isExportDeclaration(node) && fromPkg(node.moduleSpecifier) && !node.isTypeOnly) {
      if (!node.exportClause || !ts.isNamedExports(node.exportClause))
        throw new Error(`${where(node)}: \`export *\` from ${pkg} cannot be pruned`);
      for (const el of node.exportClause.elements)
        if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}
