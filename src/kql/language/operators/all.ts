// Imports every operator translator module so it registers itself (see index.ts).
export {};
import './make-series.js';
import './parse.js';
import './mv-apply.js';
import './partition.js';
import './scan.js';
import './evaluate.js';
import './top-nested.js';
import './misc.js';
import './externaldata.js';
import './find-search.js';
import './graph.js';
import './activity-counts-metrics.js';
import './sliding-window-counts.js';
import './new-activity-metrics.js';
