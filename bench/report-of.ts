/**
 * Writes the checks' reports of one shape into a directory, from the compiled sources of any build:
 * `compare.ts` runs it once per build (this revision's and the base revision's) and compares the
 * files byte for byte. It loads the shapes and the library of the build it is given, not its own,
 * so the base revision needs no copy of this file.
 *
 * Usage: node bench/report-of.js <build> <shape> <resources> <outdir>
 */
import { mkdirSync, rmSync } from 'fs';
import { join, resolve } from 'path';

if (require.main === module) {
  const [build, shape, resources, outdir] = process.argv.slice(2);
  if (!build || !shape || !resources || !outdir) throw new Error('usage: node bench/report-of.js <build> <shape> <resources> <outdir>');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SHAPES } = require(join(resolve(build), 'bench', 'shapes.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CrossAccountCopyChecks } = require(join(resolve(build), 'src', 'index.js'));
  const s = SHAPES[shape];
  if (!s) throw new Error(`the build ${build} has no shape '${shape}' (it has ${Object.keys(SHAPES).join(', ')})`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const checks = new CrossAccountCopyChecks({ ...s.checksProps(Number(resources)), report: true });
  s.build({ outdir, resources: Number(resources), aspect: checks }).synth();
}
