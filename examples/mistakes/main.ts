/**
 * Entry point for the CDK CLI (see cdk.json): `npx cdk synth` in this directory.
 * From the repository root, `npx projen examples` runs both examples and prints what the checks found.
 */
import { buildMistakesApp } from './app';

buildMistakesApp().synth();
