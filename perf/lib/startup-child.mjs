// SPDX-License-Identifier: MIT
// startup-child.mjs: measures the start-up of the named cores in a fresh Node
// process (so the first init() is really cold) and prints the records as JSON.
//   node perf/lib/startup-child.mjs deflate png ...
import { measureStartup } from './cores.mjs';

const records = [];
for (const name of process.argv.slice(2)) records.push(...await measureStartup(name, { env: 'node' }));
process.stdout.write(JSON.stringify(records));
