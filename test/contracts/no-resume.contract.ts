// A backend without resume (REF_DIALECT=no_resume): a reconnecting client starts over. Leaving
// encodeResume out tells the harness so; the resume checks then say n.a. instead of failing.
import { agentChatContract, type Contract } from 'golden-path/contract';

const { encodeResume: _none, ...rest } = agentChatContract;

export const contract: Contract = rest;
