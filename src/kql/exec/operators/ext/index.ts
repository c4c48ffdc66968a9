// Extension operators register their physical planners on import (see exec/extensions.ts).
export {};
import './make-series.js';
import './parse.js';
import './parse-kv.js';
import './mv-apply.js';
import './partition.js';
import './scan.js';
