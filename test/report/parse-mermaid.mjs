// Parses Mermaid diagrams with Mermaid's own parser (Mermaid 11 is ESM-only and needs a DOM).
// stdin: a JSON array of diagram texts. stdout: a JSON array, per diagram either
// {"ok":true,"diagramType":"flowchart-v2"} or {"ok":false,"error":"..."}.
// Run from a jest test in a child process: one process parses all diagrams of a test file.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const result = await mermaid.parse(text);
    results.push({ ok: true, diagramType: result.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(results));
