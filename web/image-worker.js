// SPDX-License-Identifier: MIT
// image-worker.js: the Worker of wasmforge/image's createImagePool() (web/image-pool.js),
// served through web/worker-host.js. Loads the PNG, JPEG, WebP and resize cores once
// (init options: those of web/image.js init()), then runs process/decode/encode/resize jobs.
// Buffers the pool hands back (pool.release) go into this Worker's buffer cache,
// which process() takes its intermediate pixels and results from.

import { serve } from './worker-host.js';
import { importNodeBuiltin } from './loader.js';
import * as image from './image.js';
import * as png from './png.js';
import * as jpeg from './jpeg.js';
import * as webp from './webp.js';
import * as resizer from './resize.js';
import { createBufferCache } from './image-pipeline.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
const cache = createBufferCache({ maxBuffers: 8 });

function take(job) {
  for (const b of job.recycle) cache.release(b);
}

// The JS heap of this Worker (after a collection when `gc` is asked and the engine allows it).
async function heapUsed(gc) {
  if (isNode) {
    const v8 = await importNodeBuiltin('node:v8');
    if (gc) {
      const vm = await importNodeBuiltin('node:vm');
      v8.setFlagsFromString('--expose-gc');
      vm.runInNewContext('gc')();
    }
    return v8.getHeapStatistics().used_heap_size;
  }
  return (globalThis.performance && performance.memory && performance.memory.usedJSHeapSize) || null;
}

serve({
  async init(options) {
    const backends = await image.init(options);
    return { backends };
  },
  ops: {
    process([input, options], job) {
      take(job);
      return image.process(input, { ...options, reuse: cache });
    },
    decode([bytes, options], job) {
      take(job);
      return image.decode(bytes, options);
    },
    encode([pixels, options], job) {
      take(job);
      return image.encode(pixels, options);
    },
    resize([pixels, options], job) {
      take(job);
      return resizer.resize(pixels, options);
    },
    async stats(args) {
      return {
        cache: { fresh: cache.fresh, reused: cache.reused, outputsFresh: cache.outputsFresh,
          outputsRecycled: cache.outputsRecycled, ...cache.size },
        wasmMemory: png.memorySize() + jpeg.memorySize() + (webp.backend() ? webp.memorySize() : 0) + (resizer.memorySize ? resizer.memorySize() : 0),
        heapUsed: await heapUsed(args && args.gc),
      };
    },
  },
});
