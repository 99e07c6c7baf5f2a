import { benchWatch } from './watch.ts';
for (const r of await benchWatch()) console.log(JSON.stringify(r));
