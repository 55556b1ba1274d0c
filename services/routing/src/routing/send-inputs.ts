import { Sensitivity, TrafficType, type SendRequested } from '@switchback/contracts';
import type { SensitivityLevel, TrafficType as ClassifierTrafficType } from '@switchback/sensitivity';

const TRAFFIC: Readonly<Record<TrafficType, ClassifierTrafficType>> = {
  [TrafficType.UNSPECIFIED]: 'unspecified',
  [TrafficType.OTP]: 'otp',
  [TrafficType.TRANSACTIONAL]: 'transactional',
  [TrafficType.ALERT]: 'alert',
  [TrafficType.PROMOTIONAL]: 'promotional',
};

const VERDICT: Readonly<Record<SensitivityLevel, Sensitivity>> = {
  none: Sensitivity.NORMAL,
  personal: Sensitivity.PERSONAL,
  secret: Sensitivity.SECRET,
};

/** Unknown enum numbers (a newer producer) read as unspecified. */
export const trafficTypeOf = (send: SendRequested): ClassifierTrafficType => TRAFFIC[send.trafficType] ?? 'unspecified';

/** The classifier's level as the decision's sensitivity verdict. */
export const verdictOf = (level: SensitivityLevel): Sensitivity => VERDICT[level];

/** The sender's labels, plus 'confidential' when the send claims SENSITIVE (it can only raise). */
export function senderLabelsOf(send: SendRequested): string[] {
  return send.sensitivity === Sensitivity.SENSITIVE ? [...send.labels, 'confidential'] : [...send.labels];
}
