export { createSession, type FloatTensor, type OnnxSession } from './backend.ts';
export { type CreativeGenerator, openGenerator } from './generator.ts';
export { GeneratorSlot, type GeneratorSlotOptions, type GeneratorState } from './slot.ts';
