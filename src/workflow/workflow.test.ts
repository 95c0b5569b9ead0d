/** The transition tables are consistent, and `next` judges every move by them alone. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../service/actor.ts';
import { actionsFor, next, WORKFLOWS } from './index.ts';

test('every state a table names is a state of its workflow; every non-final state has a way on; final states have none', () => {
  for (const w of Object.values(WORKFLOWS)) {
    const states = Object.keys(w.states);
    assert.ok(states.includes(w.initial), `${w.type}: initial`);
    for (const x of w.transitions) {
      for (const f of x.from) assert.ok(states.includes(f), `${w.type}.${x.action}: from ${f}`);
      assert.ok(states.includes(x.to), `${w.type}.${x.action}: to ${x.to}`);
      assert.ok(x.roles.length > 0 && x.roles.every((r) => (ROLES as readonly string[]).includes(r)), `${w.type}.${x.action}: roles`);
      assert.ok(!x.roles.includes('admin'), `${w.type}.${x.action}: the administrator runs accounts, not decisions`);
    }
    for (const s of states) {
      const out = w.transitions.filter((x) => x.from.includes(s) && x.to !== s);
      if (w.final.includes(s)) assert.equal(out.length, 0, `${w.type}: final ${s} has moves`);
      else assert.ok(out.length > 0, `${w.type}: ${s} is a dead end`);
    }
    for (const s of w.editable) assert.ok(states.includes(s));
  }
});

test('a legal move gives its state; the same move by another role is forbidden; from another state it is illegal', () => {
  assert.deepEqual(next('claim', 'submitted', 'verify', 'community'), {
    ok: true,
    to: 'community_verified',
    transition: WORKFLOWS.claim.transitions.find((x) => x.action === 'verify'),
  });
  assert.deepEqual(next('claim', 'submitted', 'verify', 'company'), {
    ok: false,
    why: 'forbidden',
    from: 'submitted',
    to: 'community_verified',
  });
  assert.deepEqual(next('claim', 'draft', 'publish', 'bureau'), { ok: false, why: 'illegal', from: 'draft', to: 'published' });
  assert.deepEqual(next('claim', 'draft', 'fly', 'bureau'), { ok: false, why: 'illegal', from: 'draft', to: null });
  // a return goes back to the applicant, who edits and resubmits
  assert.equal((next('facility', 'community_vetted', 'return', 'bureau') as { to: string }).to, 'returned');
  assert.equal((next('facility', 'returned', 'submit', 'community') as { to: string }).to, 'submitted');
});

test('to-do moves: what each role may do in each state', () => {
  assert.deepEqual(
    actionsFor('grant', 'submitted', 'community').map((x) => x.action),
    ['review', 'return', 'reject'],
  );
  assert.deepEqual(actionsFor('grant', 'submitted', 'committee'), []);
  assert.deepEqual(
    actionsFor('takeover', 'community_confirmed', 'bureau').map((x) => x.action),
    ['return', 'approve', 'reject'],
  );
});
