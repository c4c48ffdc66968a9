// Extension operators register their physical planners on import (see exec/extensions.ts).
export {};
import './make-series.js';
