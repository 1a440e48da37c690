#!/usr/bin/env node
'use strict';
// The phonekit command. Runs the TypeScript sources through tsx's CommonJS
// hook (no build step); src/main.ts does the work.
require('tsx/cjs');
require('../src/main.ts').runAsProcess();
