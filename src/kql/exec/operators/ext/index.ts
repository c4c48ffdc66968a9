// Extension operators register their physical planners on import (see exec/extensions.ts).
export {};
import './make-series.js';
import './parse.js';
import './parse-kv.js';
import './mv-apply.js';
import './partition.js';
import './scan.js';
import './evaluate-bag_unpack.js';
import './evaluate-pivot.js';
import './evaluate-narrow.js';
import './evaluate-ip_lookup.js';
import './top-nested.js';
import './top-hitters.js';
import './sample-distinct.js';
import './externaldata.js';
