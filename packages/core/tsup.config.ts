// One build for every published package: see scripts/tsup-published.ts (and why tsup).
import { publishedPackageConfig } from '../../scripts/tsup-published';

export default publishedPackageConfig();
