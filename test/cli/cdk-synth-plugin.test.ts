/**
 * The real `aws-cdk` CLI with the `CrossAccountCopyValidator` plugin: `cdk synth` exits 1 for an
 * unacknowledged error wherever its stack lives, on aws-cdk-lib releases that write
 * `validation-report.json` (the CLI reads it) and on those that do not (the plugin fails synthesis
 * itself), and 0 once it is acknowledged.
 */
import { describeFrontend } from './cdk-synth';

describeFrontend('plugin');
