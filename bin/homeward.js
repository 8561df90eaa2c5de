#!/usr/bin/env node
// The desk's command line, run from the clone's TypeScript through tsx (npx homeward …, npm run homeward -- …).
require('tsx/cjs');
require('../src/cli/main.ts').run();
