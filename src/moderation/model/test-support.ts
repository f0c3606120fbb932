/**
 * A small labelled corpus for the moderation model's unit tests: enough rows to train every
 * head in well under a second. (Test-only; excluded from the build.)
 */
import type { LabelledRow } from './model.types.js';

const INSULTS = ['idiot', 'moron', 'clown', 'loser', 'imbecile', 'halfwit'];
const ITEMS = ['dress', 'jacket', 'kettle', 'sofa', 'trainers', 'lamp'];
const LINKS = ['cheap-followers', 'free-vouchers', 'crypto-gains', 'replica-bags'];

/** Toxic, clean and spam rows; the spam rows label only `spam`, the others `toxic` and `hate`. */
export function toyRows(): LabelledRow[] {
  const rows: LabelledRow[] = [];
  let id = 0;
  const add = (text: string, labels: LabelledRow['labels']) =>
    rows.push({ source: 'toy', id: String(id++), text, labels });
  for (const insult of INSULTS) {
    for (const item of ITEMS) {
      add(`you are a stupid ${insult}, the ${item} is fine`, { toxic: 1, hate: 0 });
      add(`the ${item} arrived today and it is lovely`, { toxic: 0, hate: 0 });
    }
    add(`people like you are vermin, ${insult}s, go back home`, { toxic: 1, hate: 1 });
    add(`vermin like them should leave, total ${insult}s`, { toxic: 1, hate: 1 });
  }
  for (const link of LINKS) {
    for (const item of ITEMS) {
      add(`click www.${link}.example now for a free ${item}`, { spam: 1 });
      add(`does the ${item} come in a larger size`, { spam: 0 });
    }
  }
  return rows;
}
