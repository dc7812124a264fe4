/**
 * The independent policy packs (cdk-nag AwsSolutions, Control Tower guard rules) live in
 * @nplz/policy; the aws package itself does not depend on them, so its tests import them from there.
 */
export {
  controlTowerValidator,
  independentPackFactories,
  INDEPENDENT_PACK_FACTORIES as packFactories,
} from '../../policy/src/aws/independent-packs';
