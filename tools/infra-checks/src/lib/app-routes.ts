import ts from 'typescript';
import { type AppSources, readText } from './workspace';

function firstStringArgument(decorator: ts.Decorator): string | undefined {
  const call = decorator.expression;
  if (!ts.isCallExpression(call)) return undefined;
  const [arg] = call.arguments;
  return arg && ts.isStringLiteral(arg) ? arg.text : '';
}

function decorator(node: ts.Node, name: string): ts.Decorator | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.find((d) => {
    const call = d.expression;
    return (ts.isCallExpression(call) ? call.expression : call).getText() === name;
  });
}

function join(...parts: string[]): string {
  return `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;
}

/** The GET routes of an app's health controller, e.g. `/health` and `/health/live`. */
export function healthRoutes(root: string, source: AppSources): string[] {
  if (!source.healthController) return [];
  const file = ts.createSourceFile(
    source.healthController,
    readText(root, source.healthController),
    ts.ScriptTarget.ES2022,
    true,
  );
  const routes: string[] = [];
  file.forEachChild((node) => {
    if (!ts.isClassDeclaration(node)) return;
    const controller = decorator(node, 'Controller');
    if (!controller) return;
    const prefix = firstStringArgument(controller) ?? '';
    for (const member of node.members) {
      const get = decorator(member, 'Get');
      if (get) routes.push(join(prefix, firstStringArgument(get) ?? ''));
    }
  });
  if (routes.length === 0) throw new Error(`${source.healthController}: no @Get routes found`);
  return routes;
}

/** The readiness route: the controller's own path (`GET /health`). */
export function readinessRoute(root: string, source: AppSources): string {
  const routes = healthRoutes(root, source);
  return routes.reduce((a, b) => (a.length <= b.length ? a : b));
}

/** `http://host:port/path` or `…:'+(…||8000)+'/path` inside a probe command: its port and path. */
export function probeTarget(command: string): { port?: number; path?: string } {
  const url = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d+))?(\/[\w\-/.]*)/.exec(command);
  if (url) return { port: url[1] ? Number(url[1]) : undefined, path: url[2] };
  const concatenated = /\|\|\s*(\d+)\)\s*\+\s*'(\/[\w\-/.]*)'/.exec(command);
  if (concatenated) return { port: Number(concatenated[1]), path: concatenated[2] };
  return {};
}
