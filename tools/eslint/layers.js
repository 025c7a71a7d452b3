// Which top-level folder may import which: the table ARCHITECTURE.md describes. A relative
// import is resolved against the importing file, so `../../drivers/x.ts` is caught wherever
// it is written. Folders not listed (tests, bench, scripts, tools) may import anything.
import path from 'node:path';

export const LAYERS = {
  catalog: [],
  contract: ['catalog'],
  config: ['contract', 'catalog'],
  drivers: ['contract', 'catalog'],
  printers: ['contract', 'catalog'],
  'offline-cache': ['contract', 'catalog'],
  central: ['contract', 'catalog'],
  // The admin console is a browser app inside the central platform's folder: it shares the
  // kiosk's schemas, and the server never imports it (it serves the built files).
  'central/console': ['contract', 'catalog'],
  renderer: ['contract', 'catalog'],
  host: ['contract', 'catalog', 'config', 'drivers', 'printers', 'offline-cache'],
  electron: ['host', 'contract', 'catalog', 'config'],
  cli: [
    'host',
    'electron',
    'contract',
    'catalog',
    'config',
    'drivers',
    'printers',
    'offline-cache',
    'central',
  ],
};

/** Node-only modules the browser-side layers must never pull in. */
const BROWSER_LAYERS = new Set(['renderer', 'contract', 'catalog', 'central/console']);
const NODE_ONLY_FILES = [/^catalog\/load-bundled-catalog\.ts$/];

function layerOf(root, file) {
  const rel = path.relative(root, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(path.sep);
  const layer = parts[0] === 'central' && parts[1] === 'console' ? 'central/console' : parts[0];
  return { layer, rel: parts.join('/') };
}

export default {
  rules: {
    layers: {
      meta: {
        type: 'problem',
        docs: { description: 'enforce the layer table of ARCHITECTURE.md' },
        schema: [],
        messages: {
          forbidden:
            '{{from}}/ may not import {{to}}/ (allowed: {{allowed}}). See ARCHITECTURE.md, "Layers".',
          nodeOnly: '{{from}}/ runs in the browser and may not import {{target}} (Node only).',
          nodeBuiltin: '{{from}}/ runs in the browser and may not import {{target}}.',
        },
      },
      create(context) {
        const root = context.cwd;
        const self = layerOf(root, context.filename);
        if (!self || !(self.layer in LAYERS)) return {};
        const check = (node, source) => {
          if (typeof source !== 'string') return;
          // A Node-only file inside a browser layer (the bundled-catalog loader) may use Node.
          const browser =
            BROWSER_LAYERS.has(self.layer) && !NODE_ONLY_FILES.some((re) => re.test(self.rel));
          if (
            browser &&
            (source.startsWith('node:') || ['fs', 'path', 'os', 'crypto'].includes(source))
          ) {
            context.report({
              node,
              messageId: 'nodeBuiltin',
              data: { from: self.layer, target: source },
            });
            return;
          }
          if (!source.startsWith('.')) return;
          const target = layerOf(root, path.resolve(path.dirname(context.filename), source));
          if (!target) return;
          if (browser && NODE_ONLY_FILES.some((re) => re.test(target.rel))) {
            context.report({
              node,
              messageId: 'nodeOnly',
              data: { from: self.layer, target: target.rel },
            });
            return;
          }
          if (target.layer === self.layer || !(target.layer in LAYERS)) return;
          const allowed = LAYERS[self.layer];
          if (!allowed.includes(target.layer)) {
            context.report({
              node,
              messageId: 'forbidden',
              data: { from: self.layer, to: target.layer, allowed: allowed.join(', ') || 'none' },
            });
          }
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) =>
            node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};
