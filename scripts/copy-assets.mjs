// Copies the files the compiled server reads at run time (the shipped moderation model) from
// src/ into dist/, beside the modules that load them.
import { cpSync } from 'node:fs';

cpSync('src/moderation/model/shipped', 'dist/moderation/model/shipped', { recursive: true });
