/** Entry point of the `guild` command. */
import { runCli } from './guild.js';

await runCli(process.argv);
