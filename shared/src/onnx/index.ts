export {
  type FloatTensor,
  type OnnxSession,
  type OrtSessionLike,
  type OrtTensorClass,
  type OrtTensorLike,
  unloadableModel,
  wrapOrtSession,
} from './session.ts';
