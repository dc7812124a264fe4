import { defineAzurePolicy } from '../define-policy';
import { arr, at, obj, str } from '../private/props';
import { T } from '../private/types';

/** NPLZ-ENC-02: Key Vault keys carry a rotation policy with an automatic `rotate` action. */
export const keyRotationPolicy = defineAzurePolicy({
  name: 'key-rotation-policy',
  control: 'NPLZ-ENC-02',
  resourceTypes: [T.key],
  description: 'Key Vault keys rotate automatically (a rotation policy with a rotate action)',
  validate(props, { baseline }, report) {
    if (!baseline.encryption.keyRotation) return;
    const actions = arr(at(props, 'properties.rotationPolicy.lifetimeActions'));
    const rotates = actions.some((a) => {
      const action = obj(obj(a)?.action);
      const trigger = obj(obj(a)?.trigger);
      return str(action?.type)?.toLowerCase() === 'rotate' && (str(trigger?.timeAfterCreate) || str(trigger?.timeBeforeExpiry));
    });
    if (!rotates) {
      report(
        `properties.rotationPolicy.lifetimeActions has no "rotate" action with a trigger; allowed: a rotate action with timeAfterCreate or timeBeforeExpiry (baseline ${baseline.version} encryption.keyRotation)`,
      );
    }
  },
});
