import { useCallback, useEffect } from 'react';
import { modelPickerFor } from '../models/model-picker-controller.js';
import { ModelPicker, type ModelChoice } from '../models/model-picker.js';
import { pickerOptions } from '../models/model-picker-model.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { agentChoiceKey, MAX_AGENT_ROWS, savedAgentRows } from './tca-form.js';

/** One agent row's picker: its resolved choice becomes the form's row `i`. */
function AgentRowPicker({ controller, i }: { controller: Controller; i: number }) {
  const t = controller.tca;
  const onChoice = useCallback((c: ModelChoice) => t.setAgentRow(i, { path: c.path, name: c.name }), [t, i]);
  return <ModelPicker controller={controller} choiceKey={agentChoiceKey(i)} id={`tca-agent-${i}`} label={`Agent ${i + 1} model`} onChoice={onChoice} />;
}

/**
 * The `agent` strategy's rows on the TCA screen: each row a model (ModelPicker, persisted as
 * `tca.agent.N`); two or more rows compare different agents on the same paths, each shown as
 * "Agent · <model name>". Rows are added up to MAX_AGENT_ROWS and removed (the later rows'
 * choices move up, so the saved choices stay without a gap).
 */
export function TcaAgentRows({ controller, error }: { controller: Controller; error: string | undefined }) {
  const t = controller.tca;
  const rows = useStore(t.store, (s) => s.form.agents);
  const picker = modelPickerFor(controller);
  const registry = useStore(controller.models.store, (s) => s.models);
  const chosen = useStore(picker.store, (s) => s.chosen);
  // The rows saved last time come back once, when the screen first opens.
  useEffect(() => {
    const n = savedAgentRows(controller.app.getState().modelChoices);
    if (n > t.store.getState().form.agents.length) t.setAgentCount(n);
  }, [controller, t]);
  // A new row starts on a model no other row uses, when there is one (else on the default, and the form says they repeat).
  const add = () => {
    const unused = pickerOptions(registry, chosen).find((o) => !o.disabled && !rows.some((r) => r.path === o.path));
    if (unused) picker.select(agentChoiceKey(rows.length), unused.path);
    t.setAgentCount(rows.length + 1);
  };
  const remove = (i: number) => {
    for (let j = i; j < rows.length - 1; j++) picker.select(agentChoiceKey(j), rows[j + 1]!.path);
    picker.select(agentChoiceKey(rows.length - 1), null);
    t.setAgentCount(rows.length - 1);
  };
  return (
    <div className={'wi-field tca-agents' + (error ? ' has-error' : '')} data-field="agents" data-testid="tca-agents">
      <span className="wi-label">Agents</span>
      <div className="wi-control">
        {rows.map((_, i) => (
          <div key={i} className="tca-agent-row" data-testid="tca-agent-row" data-row={i}>
            <span className="tca-agent-no muted" aria-hidden="true">{i + 1}</span>
            <AgentRowPicker controller={controller} i={i} />
            {rows.length > 1 && (
              <button type="button" className="btn btn-xs btn-ghost tca-agent-remove" aria-label={`Remove agent ${i + 1}`} title={`Remove agent ${i + 1}`} data-testid="tca-agent-remove" onClick={() => remove(i)}>
                ✕
              </button>
            )}
          </div>
        ))}
        {rows.length < MAX_AGENT_ROWS && (
          <button type="button" className="btn btn-xs tca-agent-add" data-testid="tca-agent-add" title="Compare another agent (model) on the same paths" onClick={add}>
            + Agent
          </button>
        )}
        {error && (
          <div className="wi-err" role="alert" data-testid="tca-err-agents">
            {error}
          </div>
        )}
      </div>
    </div>
  );
}
